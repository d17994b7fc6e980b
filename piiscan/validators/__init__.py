"""Reference validators, one module per identifier, in the style of python-stdnum.

Each module offers ``compact(value)`` (the canonical form), ``validate(value)`` (the canonical form, or a
`~piiscan.validators.exceptions.ValidationError` saying which rule failed, never quoting the value) and
``is_valid(value)`` (a bool, for any string, never raising); some add ``format`` and helpers.

Why pure Python next to the numba kernels: these modules are the readable statement of each rule.  The
recognizer pack tests and the Presidio adapter call them directly, and the kernels are property-tested
against them, so a rule is changed here first.

>>> from piiscan.validators import iban, nir
>>> nir.is_valid('1 85 03 75 116 001 27'), iban.is_valid('FR76 3000 6000 0112 3456 7890 189')
(True, True)
"""

__all__ = [
    "agdref",
    "dates",
    "docnumber",
    "email",
    "exceptions",
    "iban",
    "idcard",
    "mrz",
    "nir",
    "passport",
    "phone",
]
