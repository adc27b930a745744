"""Reports: figures, frozen snapshots, their files and how they are made. Each figure is defined
once, in `definitions` (the loop-closure figures that pages show too, in
`participation.involvement.definitions`)."""
