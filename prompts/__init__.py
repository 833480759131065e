"""Prompt templates, stored as text files beside this module and loaded by name."""

from functools import cache
from importlib import resources

from langchain_core.prompts import ChatPromptTemplate


class PromptNotFoundError(KeyError):
    """No template file of that name."""


@cache
def load_text(name: str) -> str:
    """The raw text of ``prompts/<name>.txt``."""
    path = resources.files(__name__) / f"{name}.txt"
    if not path.is_file():
        raise PromptNotFoundError(f"prompt '{name}': no file prompts/{name}.txt")
    return path.read_text(encoding="utf-8")


def load_chat_prompt(name: str, system_role: bool = True) -> ChatPromptTemplate:
    """``prompts/<name>.system.txt``-style pair: a system template and a human template.

    The file holds the system part, a line ``=== human ===``, then the human part. Without
    ``system_role`` both go into one human message, for models whose chat template drops system
    messages (Gemma's does).
    """
    system, _, human = load_text(name).partition("\n=== human ===\n")
    if not human:
        raise PromptNotFoundError(f"prompt '{name}': missing the '=== human ===' separator line")
    if not system_role:
        return ChatPromptTemplate.from_messages([("human", f"{system.strip()}\n\n{human.strip()}")])
    return ChatPromptTemplate.from_messages([("system", system.strip()), ("human", human.strip())])
