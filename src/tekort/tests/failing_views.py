"""Views that fail on purpose, for the tests of what the site answers when a view raises: a test
module's own URL configuration puts them in front of tekort's URLs."""

from tekort.accounts.access import public


def raising(exception: type[Exception], *args):
    """A public view that raises a new ``exception(*args)`` on every request."""

    @public
    def view(request):
        raise exception(*args)

    return view
