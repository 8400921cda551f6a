"""GP practices refer their patients and choose appointments with them (issue 15)."""
