package lb.strategy;

/**
 * A 64-bit string hash with a good spread: FNV-1a over the characters, then MurmurHash3's
 * finalizer, because FNV alone leaves similar keys ("b1#0", "b1#1") close together on a ring.
 */
public final class Hashing {
    private Hashing() {
    }

    public static long hash64(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
