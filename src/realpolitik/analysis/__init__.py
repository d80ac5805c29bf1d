"""Answers: forecast questions answered from the models (``ask``) and the brief in words (``brief``).

This layer sits on the engines and on the explanations of
:mod:`realpolitik.report` (bargaining, games, uncertainty); the report
document and the CLI render what it returns. Its functions are pure: they
take a scenario and keyword options, print nothing and return one frozen
result with provenance.
"""

from .ask import Answer, AskResult, ask_questions, models_needed, simulate_scenario
from .brief import Brief, estimative_words, make_brief

__all__ = ["Answer", "AskResult", "Brief", "ask_questions", "estimative_words", "make_brief", "models_needed",
           "simulate_scenario"]
