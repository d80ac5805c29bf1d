"""Answers: forecast questions answered from the models (``ask``) and the brief in words (``brief``).

This layer sits on the engines and on the explanations of
:mod:`realpolitik.report` (bargaining, games, uncertainty); the report
document and the CLI render what it returns. Its functions are pure: they
take a scenario and keyword options, print nothing and return one frozen
result with provenance.
"""

from .ask import Answer, AskResult, ask_questions, simulate_scenario

__all__ = ["Answer", "AskResult", "ask_questions", "simulate_scenario"]
