"""What every page and endpoint of the site shares, below the apps that serve them: the visitor's
language (``language``), the per-client rate limits (``throttle``) and the form fields of one date rule
(``fields``). Every app may import it; it imports none of them, so the pages built on the apps (``web``)
may import the apps without a circle."""
