"""Pure rules of hazchem: standard library only, no web framework and no database."""
