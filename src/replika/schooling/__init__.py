"""Poltabes schooling: every out-of-school child found, placed and followed to completion."""
