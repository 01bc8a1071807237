"""Permission names of the nutrition module."""

USE_CALCULATOR = "nutrition.use_calculator"
