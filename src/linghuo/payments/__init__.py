"""Payments: a double-entry ledger in integer fen, the months paid, payment batches and bank files."""
