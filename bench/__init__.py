"""`make bench`: newsgraph's speed, scale and memory, side by side with the tools a user would use."""
