"""The one CSV writer: fixed float format, atomic writes, exact columns."""

import math

from policytext.io import format_value, read_table, write_table


def test_format_value_is_stable():
    assert format_value(2 / 3) == "0.666667"
    assert format_value(1e-9) == "1e-09"
    assert format_value(0.0) == "0"
    assert format_value(math.nan) == ""
    assert format_value(None) == ""
    assert format_value(True) == "true"
    assert format_value(12) == "12"


def test_write_table_keeps_column_order_and_leaves_no_partial(tmp_path):
    path = write_table(tmp_path / "sub" / "t.csv", [{"b": 1.5, "a": "x,y"}, {"a": "z"}], ["a", "b"])
    assert path.read_text(encoding="utf-8") == 'a,b\n"x,y",1.5\nz,\n'
    assert read_table(path) == [{"a": "x,y", "b": "1.5"}, {"a": "z", "b": ""}]
    assert list(path.parent.iterdir()) == [path]


def test_write_json_sorts_keys_ends_with_a_newline_and_can_escape(tmp_path):
    from policytext.io import write_json

    path = write_json(tmp_path / "sub" / "a.json", {"b": 1, "a": "à"})
    assert path.read_text(encoding="utf-8") == '{\n  "a": "à",\n  "b": 1\n}\n'
    write_json(path, {"a": "à"}, indent=1, ascii_only=True)
    assert path.read_text(encoding="utf-8") == '{\n "a": "\\u00e0"\n}\n'
    assert not list(path.parent.glob("*.partial"))


def test_sha256_file_equals_sha256_of_its_bytes(tmp_path):
    from policytext.io import sha256_bytes, sha256_file

    path = tmp_path / "blob"
    data = bytes(range(256)) * 5000
    path.write_bytes(data)
    assert sha256_file(path, block_bytes=1000) == sha256_bytes(data)
    assert sha256_bytes(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
