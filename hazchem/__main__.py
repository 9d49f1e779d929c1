"""`python -m hazchem …` runs the hazchem command line."""

from hazchem.cli import main

main()
