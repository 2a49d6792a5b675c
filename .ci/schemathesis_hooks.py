"""Schemathesis hooks for the Pingan API document (loaded by .ci/schemathesis.sh).

`format: gb11643` is an 18-character resident ID number whose check digit is valid (GB 11643-1999);
JSON Schema cannot state the check digit, so valid values are generated here. Unknown formats are
not checked for rejection, so negative cases for this field come from its `maxLength` and type.
"""
from hypothesis import strategies as st

import schemathesis

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def _with_check_digit(body: str) -> str:
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


_id_numbers = st.builds(
    lambda area, year, month, day, seq: _with_check_digit(f"{area}{year:04d}{month:02d}{day:02d}{seq:03d}"),
    st.sampled_from(["130427", "130400", "110101", "440305"]),
    st.integers(1930, 2020),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 999),
)

schemathesis.openapi.format("gb11643", _id_numbers)
