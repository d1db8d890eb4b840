"""Shared by the surrogate tests: replace (substring, label) items through the engine."""


def replace_mentions(engine, text, items, pid):
    """Replace the given (substring, label) items, found in order in ``text``."""
    mentions, pos = [], 0
    for sub, label in items:
        i = text.index(sub, pos)
        mentions.append((i, i + len(sub), label))
        pos = i + len(sub)
    state = engine.start(text, pid, mentions)
    return [state.replace(label, s, e) for s, e, label in mentions]
