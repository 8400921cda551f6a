"""The patient's choice recorded: the appointments offered, the one taken, and the report."""
