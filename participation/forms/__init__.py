"""Forms of the product's own pages. Each validates on the server and renders with crispy."""
