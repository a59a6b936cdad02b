package lb.proxy;

/** One header line as it goes out: a name and one value. Repeated headers are several. */
record Header(String name, String value) {
}
