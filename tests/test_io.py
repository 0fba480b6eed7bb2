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
