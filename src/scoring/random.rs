//! Random numbers and hashes whose output is fixed by their definition, so that whatever the
//! crate draws (bootstrap resamples, a sampling plan's picks) is the same on every platform and
//! in every version of the crate. General-purpose generators and `std`'s hasher promise neither.

/// The golden-ratio increment of SplitMix64: ⌊2⁶⁴ / φ⌋, made odd.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose output is fixed by its
/// definition. The state advances by [`GOLDEN`] and each output is the state through
/// [`mix`].
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// The generator whose state is `state` (its first output is `mix(state + GOLDEN)`).
    pub(crate) const fn new(state: u64) -> SplitMix64 {
        SplitMix64(state)
    }

    /// The golden-ratio increment, for callers that spread streams apart with it.
    pub(crate) const GOLDEN: u64 = GOLDEN;

    /// The next output.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// A uniform draw from `0..n` (`n > 0`), without modulo bias (Lemire's multiply-shift with
    /// rejection).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next()) * u128::from(n);
            // The low half decides rejection; the high half is the draw, below n.
            if (product as u64) >= threshold {
                return (product >> 64) as usize;
            }
        }
    }
}

/// SplitMix64's output function (a variant of MurmurHash3's 64-bit finaliser, Stafford's
/// "Mix13"): a bijection of `u64` in which every input bit affects every output bit.
pub(crate) const fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, 64 bits (Fowler, Noll and Vo), fed bytes in as many pieces as the caller likes: for
/// each byte, XOR it into the hash, then multiply by the FNV prime 2⁴⁰ + 2⁸ + 0xb3, starting
/// from the offset basis 0xcbf29ce484222325. A published, fixed hash, so what is built on it
/// (a form's fingerprint, a sampling key) does not depend on the standard library's hasher,
/// which may change between releases.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv1a(u64);

impl Fnv1a {
    pub(crate) const fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) const fn finish(self) -> u64 {
        self.0
    }
}

/// [`Fnv1a`] of `bytes` in one piece.
pub(crate) fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(bytes);
    hash.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_its_published_sequence() {
        // The first outputs of SplitMix64 seeded with 1234567 (the reference implementation
        // by Vigna, splitmix64.c).
        let mut g = SplitMix64::new(1_234_567);
        assert_eq!(g.next(), 6_457_827_717_110_365_317);
        assert_eq!(g.next(), 3_203_168_211_198_807_973);
        // The output is the state through the finaliser.
        assert_eq!(
            mix(1_234_567u64.wrapping_add(GOLDEN)),
            6_457_827_717_110_365_317
        );
    }

    #[test]
    fn draws_stay_below_their_bound_and_cover_it() {
        let mut g = SplitMix64::new(3);
        let mut seen = [false; 7];
        for _ in 0..500 {
            let k = g.below(7);
            seen[k] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn fnv1a_matches_its_published_test_vectors() {
        // From the FNV test suite (Landon Curt Noll's test_fnv.c, FNV-1a 64-bit).
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        // Fed in pieces, the same hash.
        let mut pieces = Fnv1a::new();
        pieces.write(b"foo");
        pieces.write(b"");
        pieces.write(b"bar");
        assert_eq!(pieces.finish(), 0x8594_4171_f739_67e8);
    }
}
