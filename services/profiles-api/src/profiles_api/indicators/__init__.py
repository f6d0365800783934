"""The indicator catalogue and its yearly observations per country."""
