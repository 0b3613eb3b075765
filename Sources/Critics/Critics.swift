// Critics target.
