"""Survival analysis in plain Python: the Kaplan-Meier estimator, the number at risk, the median and
the log-rank test for k groups (docs/decisions/017-survival.md).

Durations are numbers (days), `observed` says whether the event happened (True) or the subject was
right-censored at that duration (False). The conventions are lifelines' (the tests' oracle): the
timeline is every distinct duration, with 0 first; the survival function is right-continuous; the
median is the first time the survival function falls to 0.5 or below (None if it never does).
"""

import dataclasses
import math
from collections import Counter

from pacte.evaluation import cohorts

# The days at which the dashboard and the annual review give the number at risk.
AT_RISK_DAYS = (0, 90, 180, 365, 540, 730, 1095)


@dataclasses.dataclass(frozen=True)
class KaplanMeier:
    timeline: list  # 0, then every distinct duration, ascending
    survival: list  # S(t) at each time of the timeline
    at_risk: list  # subjects whose duration is >= t, at each time of the timeline
    events: list  # events at each time
    censored: list  # censorings at each time
    n: int

    @property
    def median(self):
        return quantile(self, 0.5)

    def survival_at(self, day):
        """S(day): the value of the step function at `day` (1 before the first time)."""
        value = 1.0
        for time, survival in zip(self.timeline, self.survival, strict=True):
            if time > day:
                break
            value = survival
        return value

    def at_risk_at(self, day):
        """Subjects still followed (neither event nor censoring before `day`)."""
        for time, at_risk in zip(self.timeline, self.at_risk, strict=True):
            if time >= day:
                return at_risk
        return 0


def kaplan_meier(durations, observed):
    durations, observed = list(durations), [bool(flag) for flag in observed]
    if len(durations) != len(observed):
        raise ValueError("durations and observed must have the same length")
    events = Counter(d for d, flag in zip(durations, observed, strict=True) if flag)
    censored = Counter(d for d, flag in zip(durations, observed, strict=True) if not flag)
    timeline = sorted(set(durations) | {0})
    at_risk_now, survival = len(durations), 1.0
    rows = {"survival": [], "at_risk": [], "events": [], "censored": []}
    for time in timeline:
        died, lost = events.get(time, 0), censored.get(time, 0)
        if died:
            survival *= 1.0 - died / at_risk_now
        rows["survival"].append(survival)
        rows["at_risk"].append(at_risk_now)
        rows["events"].append(died)
        rows["censored"].append(lost)
        at_risk_now -= died + lost
    return KaplanMeier(timeline=timeline, n=len(durations), **rows)


def quantile(fit, q):
    """The first time S(t) <= q, None if the curve stays above q."""
    for time, survival in zip(fit.timeline, fit.survival, strict=True):
        if survival <= q:
            return time
    return None


@dataclasses.dataclass(frozen=True)
class LogRank:
    statistic: float | None
    df: int
    p_value: float | None


def logrank(durations, groups, observed):
    """The log-rank test of equal survival across the groups: chi-square with k − 1 degrees of
    freedom. None for the statistic and the p-value when fewer than two groups or the variance
    matrix is singular (no event, or a group never at risk at an event time)."""
    rows = list(zip(durations, groups, (bool(flag) for flag in observed), strict=True))
    labels = sorted({group for _, group, _ in rows}, key=str)
    k = len(labels)
    if k < 2:
        return LogRank(statistic=None, df=max(k - 1, 0), p_value=None)
    z, variance = _scores(rows, {label: position for position, label in enumerate(labels)})
    inverse = _inverse([row[:-1] for row in variance[:-1]])
    if inverse is None:
        return LogRank(statistic=None, df=k - 1, p_value=None)
    statistic = sum(z[i] * inverse[i][j] * z[j] for i in range(k - 1) for j in range(k - 1))
    return LogRank(statistic=statistic, df=k - 1, p_value=chi2_sf(statistic, k - 1))


def _scores(rows, index):
    """Observed minus expected events per group, and their variance matrix (hypergeometric)."""
    k = len(index)
    at_risk = [0] * k
    by_time = {}
    for duration, group, flag in rows:
        at_risk[index[group]] += 1
        died, left = by_time.setdefault(duration, ([0] * k, [0] * k))
        left[index[group]] += 1
        died[index[group]] += flag
    z = [0.0] * k
    variance = [[0.0] * k for _ in range(k)]
    for time in sorted(by_time):
        died, left = by_time[time]
        d, n = sum(died), sum(at_risk)
        if d:
            for j in range(k):
                z[j] += died[j] - at_risk[j] * d / n
            factor = d * (n - d) / (n - 1) / (n * n) if n > 1 else 0.0
            for j in range(k):
                for m in range(k):
                    diagonal = n * at_risk[j] if j == m else 0
                    variance[j][m] += factor * (diagonal - at_risk[j] * at_risk[m])
        at_risk = [a - b for a, b in zip(at_risk, left, strict=True)]
    return z, variance


def _inverse(matrix, tolerance=1e-12):
    """Gauss-Jordan inverse with partial pivoting; None if the matrix is singular."""
    size = len(matrix)
    scale = max((abs(value) for row in matrix for value in row), default=0.0)
    if not scale:
        return None
    work = [[*row, *(1.0 if i == j else 0.0 for j in range(size))] for i, row in enumerate(matrix)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(work[r][column]))
        if abs(work[pivot][column]) <= tolerance * scale:
            return None
        work[column], work[pivot] = work[pivot], work[column]
        head = work[column][column]
        work[column] = [value / head for value in work[column]]
        for row in range(size):
            if row != column and work[row][column]:
                ratio = work[row][column]
                work[row] = [a - ratio * b for a, b in zip(work[row], work[column], strict=True)]
    return [row[size:] for row in work]


def chi2_sf(x, df):
    """P(X > x) for X chi-square with `df` degrees of freedom: Q(df/2, x/2), the regularized upper
    incomplete gamma function."""
    if x <= 0:
        return 1.0
    return gamma_q(df / 2.0, x / 2.0)


_EPSILON = 1e-16
_MAX_ITERATIONS = 10_000


def gamma_q(a, x):
    """Q(a, x) = Γ(a, x) / Γ(a): by the series of P when x < a + 1, else by Lentz's continued
    fraction (Numerical Recipes, 6.2)."""
    if x < a + 1:
        return 1.0 - _gamma_p_series(a, x)
    return _gamma_q_fraction(a, x)


def _log_prefactor(a, x):
    return -x + a * math.log(x) - math.lgamma(a)


def _gamma_p_series(a, x):
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(_log_prefactor(a, x))


def _gamma_q_fraction(a, x):
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return math.exp(_log_prefactor(a, x)) * h


def delay_cohorts(departement, at, *, territory=None):
    """Kaplan-Meier curves of the time in rights and duties by cohort of delay to the first
    orientation (pacte.evaluation.cohorts), with the numbers at risk, the medians and the log-rank
    test across the cohorts that have persons."""
    rows = cohorts.observations(departement, at, territory=territory)
    result = []
    for key, label, _, _ in cohorts.COHORTS:
        mine = [row for row in rows if row.cohort == key]
        fit = kaplan_meier([row.duration_days for row in mine], [row.observed for row in mine])
        result.append(
            {
                "key": key,
                "label": label,
                "n": fit.n,
                "events": sum(fit.events),
                "censored": sum(fit.censored),
                "median_days": fit.median if fit.n else None,
                "curve": list(zip(fit.timeline, fit.survival, strict=True)) if fit.n else [],
                "at_risk": [(day, fit.at_risk_at(day)) for day in AT_RISK_DAYS],
            }
        )
    test = logrank(
        [row.duration_days for row in rows], [row.cohort for row in rows], [row.observed for row in rows]
    )
    return {
        "at": at,
        "cohorts": result,
        "logrank": {"statistic": test.statistic, "df": test.df, "p_value": test.p_value},
    }
