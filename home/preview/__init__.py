"""Previews: the preview modes per channel and the signed tokens the headless preview uses."""
