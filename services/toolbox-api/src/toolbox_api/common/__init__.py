"""What initiatives, practices and strategies share: safe text, codes, links and the workflow."""
