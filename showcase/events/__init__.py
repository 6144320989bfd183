"""Events, their seven smart-city tracks and the cities that take part."""
