package lb.strategy;

/** The parts of a request a strategy may pick by; null where the request has none. */
public interface RequestView {
    String header(String name);

    String cookie(String name);

    String path();

    String clientAddress();

    /** For picks where nothing about the request matters (tests, health). */
    RequestView NONE = new RequestView() {
        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public String clientAddress() {
            return "";
        }
    };
}
