// Filled in by its feature; loaded as a module by the command map.
export {};
