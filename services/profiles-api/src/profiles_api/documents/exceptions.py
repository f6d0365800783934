"""Profile document errors."""

from imap_kit.errors import NotFound


class DocumentNotFound(NotFound):
    """The country has no profile working copy, or the caller may not see it."""

    def __init__(self, iso3: str) -> None:
        super().__init__(
            f"No profile document for {iso3} that you may see (drafts are visible to the "
            "country's contributors and to editors; readers use /profile and its editions)."
        )


class SectionNotFound(NotFound):
    """The working copy has no section for this part."""

    def __init__(self, iso3: str, part: str) -> None:
        super().__init__(f"The profile document of {iso3} has no section {part}.")


class EditionNotFound(NotFound):
    """No such published edition, or the caller may not see it."""

    def __init__(self, iso3: str, edition: int) -> None:
        super().__init__(f"No published edition {edition} of the profile of {iso3}.")
