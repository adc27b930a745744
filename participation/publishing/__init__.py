"""Public pages ("Dere sa – vi gjorde"): what a municipality chooses to show residents of an
initiative, its events and the answers given back, without login, under /apen/.

The top layer beside `front`: it reads the lower apps; nothing imports it but the URLs.
"""
