"""Evaluation of corpus-chat: eval sets (JSON Lines), metrics, runner and reports."""
