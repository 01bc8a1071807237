"""``makemessages`` that also extracts ``N_(...)``.

Settings schemas mark their titles and descriptions with ``gettext_noop`` imported as
``N_`` (pydantic models are built at import time, before a language is active, and are
translated when shown). xgettext only knows the usual names, so without this the strings
never reached the catalogue and the settings pages stayed in English.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=N_"]
