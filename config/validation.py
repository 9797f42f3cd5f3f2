"""Validate, then save: the model's own checks before every write that no form checked.

A form validates what it saves. Code that builds or changes instances itself
saves them with `validated_save`, or calls `validated` first when it saves later
(say, all of a batch once every one is valid), so a model's `clean`, field
validators and constraints hold for those writes too.
"""


def validated(instance, **full_clean_kwargs):
    """`instance`, after `full_clean()` found it valid (else its ValidationError is raised)."""
    instance.full_clean(**full_clean_kwargs)
    return instance


def validated_save(instance, **save_kwargs):
    """Validate `instance` fully, then save it (with `save_kwargs`); returns it."""
    validated(instance).save(**save_kwargs)
    return instance
