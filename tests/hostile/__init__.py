"""Hostile-input test cases (one folder each) and the helpers the hostile tests share."""
