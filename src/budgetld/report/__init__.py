"""Human-readable reports of the model (and, later, of validation) for the terminal."""
