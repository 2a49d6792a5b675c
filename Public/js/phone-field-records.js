// Filled in by its feature; loaded by the phone page.
