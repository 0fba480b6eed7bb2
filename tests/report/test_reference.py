"""The README's generated sections agree with the files they describe."""

from policytext.report.reference import config_reference, readme_section, walk
from tests.support.paths import PROJECT


def test_readme_config_reference_matches_the_schema():
    assert readme_section(PROJECT / "README.md") == config_reference(), (
        "README.md's configuration reference is out of date: run "
        "'policytext config-reference --update README.md'"
    )


def test_every_schema_key_has_a_description():
    import yaml

    schema = yaml.safe_load(
        (PROJECT / "workflow" / "schemas" / "config.schema.yaml").read_text(encoding="utf-8")
    )
    undocumented = [key for key, _, _, description in walk(schema) if not description]
    assert undocumented == []
