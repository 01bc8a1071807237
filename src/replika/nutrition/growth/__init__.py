"""WHO growth z-scores (2006 standards, 0-5 years; 2007 reference, 5-19 years) and Permenkes
2/2020 categories, in pure numpy."""

from replika.nutrition.growth.categories import (
    BMI_FOR_AGE,
    LENGTH_FOR_AGE,
    WEIGHT_FOR_AGE,
    WEIGHT_FOR_LENGTH,
    categorize,
    category_index,
    classify,
    classify_bmi_for_age,
    classify_bmi_for_age_5_18,
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
from replika.nutrition.growth.reference2007 import zscores_5_19

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
    "classify_bmi_for_age_5_18",
    "classify_length_for_age",
    "classify_weight_for_age",
    "classify_weight_for_length",
    "normalize_measure",
    "normalize_oedema",
    "normalize_sex",
    "zscores",
    "zscores_5_19",
    "zscores_from_codes",
]
