"""`python -m piiscan`: the `piiscan` program."""

from piiscan.cli import run

run()
