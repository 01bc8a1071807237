"""Pure outbreak rules (no database): epi weeks, Rt, contact dates, KLB criteria, rates."""

from .contacts import (
    ISOLATION_DAYS,
    SYMPTOM_FREE_DAYS,
    contact_window,
    follow_up_days,
    follow_up_end,
    isolation_end,
)
from .epiweek import epi_week, epi_week_month, epi_week_start, weeks_in_year
from .gamma import gamma_cdf, gamma_quantile
from .klb import (
    CFR_UP_HALF,
    DOUBLE_MONTHLY_MEAN,
    DOUBLE_PREVIOUS_PERIOD,
    DOUBLE_PROPORTION,
    DOUBLE_YEARLY_MEAN,
    KLB_CODES,
    NEW_DISEASE,
    RISE_3_PERIODS,
    klb_figures,
    klb_signals,
)
from .rates import case_fatality_rate, incidence_per_100k, moving_mean, positivity_rate
from .rt import RtPosterior, rt_cori, rt_cori_interval, rt_posterior

__all__ = [
    "CFR_UP_HALF",
    "DOUBLE_MONTHLY_MEAN",
    "DOUBLE_PREVIOUS_PERIOD",
    "DOUBLE_PROPORTION",
    "DOUBLE_YEARLY_MEAN",
    "ISOLATION_DAYS",
    "KLB_CODES",
    "NEW_DISEASE",
    "RISE_3_PERIODS",
    "SYMPTOM_FREE_DAYS",
    "RtPosterior",
    "case_fatality_rate",
    "contact_window",
    "epi_week",
    "epi_week_month",
    "epi_week_start",
    "follow_up_days",
    "follow_up_end",
    "gamma_cdf",
    "gamma_quantile",
    "incidence_per_100k",
    "isolation_end",
    "klb_figures",
    "klb_signals",
    "moving_mean",
    "positivity_rate",
    "rt_cori",
    "rt_cori_interval",
    "rt_posterior",
    "weeks_in_year",
]
