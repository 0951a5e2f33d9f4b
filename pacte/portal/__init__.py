"""The beneficiary's own space: sign-in with a one-time code, their pathway in plain words."""
