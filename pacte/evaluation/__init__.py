"""Evaluation: the indicator engine, the cohort analyses, the dashboards' figures, the pact's computed values."""
