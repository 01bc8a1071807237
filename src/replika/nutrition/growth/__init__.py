"""WHO Child Growth Standards z-scores and Permenkes 2/2020 categories, in pure numpy."""

from replika.nutrition.growth.categories import (
    BMI_FOR_AGE,
    LENGTH_FOR_AGE,
    WEIGHT_FOR_AGE,
    WEIGHT_FOR_LENGTH,
    categorize,
    category_index,
    classify,
    classify_bmi_for_age,
    classify_length_for_age,
    classify_weight_for_age,
    classify_weight_for_length,
)
from replika.nutrition.growth.child import GrowthAssessment, assess
from replika.nutrition.growth.engine import (
    MEASURE_LYING,
    MEASURE_STANDING,
    MEASURE_UNKNOWN,
    normalize_measure,
    normalize_oedema,
    normalize_sex,
    zscores,
    zscores_from_codes,
)

__all__ = [
    "BMI_FOR_AGE",
    "LENGTH_FOR_AGE",
    "MEASURE_LYING",
    "MEASURE_STANDING",
    "MEASURE_UNKNOWN",
    "WEIGHT_FOR_AGE",
    "WEIGHT_FOR_LENGTH",
    "GrowthAssessment",
    "assess",
    "categorize",
    "category_index",
    "classify",
    "classify_bmi_for_age",
    "classify_length_for_age",
    "classify_weight_for_age",
    "classify_weight_for_length",
    "normalize_measure",
    "normalize_oedema",
    "normalize_sex",
    "zscores",
    "zscores_from_codes",
]
