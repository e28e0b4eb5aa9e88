//! A small, portable, seeded random number generator and the distributions
//! the sampler needs (uniform, normal, gamma, binomial, Dirichlet).
//!
//! This module owns every random draw in the crate. The generator is
//! xoshiro256++ seeded through SplitMix64, written out here so that a seed
//! gives the same bits on every machine and with every dependency version;
//! each chain gets its own stream, so results never depend on the number of
//! threads. Logarithms, exponentials and powers come from `libm` (a
//! pure-Rust port of musl's), not from the platform, so that the same seed
//! gives the same bits on every machine. It must not be used for anything
//! cryptographic.

/// xoshiro256++ with a cached second normal deviate.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    spare_normal: Option<f64>,
    ziggurat: &'static Ziggurat,
}

/// Tables of the 256-layer ziggurat for the exponential distribution
/// (Marsaglia and Tsang, 2000): layer i spans [0, x[i]] at heights up to
/// f[i + 1]; layer 0 also holds the tail beyond x[1].
#[derive(Debug)]
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

static ZIGGURAT: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();

fn ziggurat() -> &'static Ziggurat {
    ZIGGURAT.get_or_init(|| {
        const R: f64 = 7.697_117_470_131_05;
        const V: f64 = 0.003_949_659_822_581_557;
        let mut x = [0.0; 257];
        x[0] = V / libm::exp(-R);
        x[1] = R;
        for i in 1..256 {
            x[i + 1] = if i == 255 {
                0.0
            } else {
                -libm::log(libm::exp(-x[i]) + V / x[i])
            };
        }
        let mut f = [0.0; 257];
        for (fi, xi) in f.iter_mut().zip(&x) {
            *fi = libm::exp(-xi);
        }
        Ziggurat { x, f }
    })
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for `seed` and an independent `stream` (e.g. the chain number).
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut stream_state = stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut state = seed ^ splitmix(&mut stream_state);
        let s = [
            splitmix(&mut state),
            splitmix(&mut state),
            splitmix(&mut state),
            splitmix(&mut state),
        ];
        Self {
            s,
            spare_normal: None,
            ziggurat: ziggurat(),
        }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = (self.s[0].wrapping_add(self.s[3]))
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on the open interval (0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Standard normal (Marsaglia's polar method).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * libm::log(s) / s).sqrt();
                self.spare_normal = Some(v * factor);
                return u * factor;
            }
        }
    }

    /// Standard exponential, by the ziggurat (a few cycles per draw).
    #[inline]
    pub fn exponential(&mut self) -> f64 {
        let z = self.ziggurat;
        loop {
            let bits = self.next_u64();
            let i = (bits & 0xFF) as usize;
            let u = (bits >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0);
            let x = u * z.x[i];
            if x < z.x[i + 1] {
                return x;
            }
            if i == 0 {
                return z.x[1] - libm::log(self.uniform());
            }
            if z.f[i] + (z.f[i + 1] - z.f[i]) * self.uniform() < libm::exp(-x) {
                return x;
            }
        }
    }

    /// Gamma(shape, 1) (Marsaglia and Tsang; shape < 1 by boosting).
    // The letters are the paper's, which is how the algorithm is checked.
    #[allow(clippy::many_single_char_names)]
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape == 1.0 {
            return self.exponential();
        }
        if shape < 1.0 {
            let boost = libm::pow(self.uniform(), 1.0 / shape);
            return self.gamma(shape + 1.0) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }

    /// Fills `out` with a Dirichlet(`alpha`) draw.
    pub fn dirichlet(&mut self, alpha: &[f64], out: &mut [f64]) {
        let mut total = 0.0;
        for (o, &a) in out.iter_mut().zip(alpha) {
            *o = self.gamma(a);
            total += *o;
        }
        for o in out.iter_mut() {
            *o /= total;
        }
    }

    /// Binomial(n, p): inversion for small means, Hörmann's BTRS otherwise.
    // The letters are Hörmann's (1993), which is how the algorithm is checked.
    #[allow(clippy::many_single_char_names)]
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n == 0 || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if p > 0.5 {
            return n - self.binomial(n, 1.0 - p);
        }
        let nf = n as f64;
        if nf * p < 10.0 {
            // Inversion: walk up the probabilities from k = 0.
            let q = 1.0 - p;
            let s = p / q;
            let a = (nf + 1.0) * s;
            let mut r = libm::pow(q, nf);
            let mut u = self.uniform();
            let mut x = 0u64;
            while u > r {
                u -= r;
                x += 1;
                if x > n {
                    // Rounding left a sliver of probability: start again.
                    x = 0;
                    u = self.uniform();
                    r = libm::pow(q, nf);
                    continue;
                }
                r *= a / x as f64 - s;
            }
            return x;
        }
        let q = 1.0 - p;
        let spq = (nf * p * q).sqrt();
        let b = 1.15 + 2.53 * spq;
        let a = -0.0873 + 0.0248 * b + 0.01 * p;
        let c = nf * p + 0.5;
        let v_r = 0.92 - 4.2 / b;
        let alpha = (2.83 + 5.1 / b) * spq;
        let m = ((nf + 1.0) * p).floor();
        // The logarithms are needed only when the quick acceptance fails, so
        // they are computed then, once.
        let mut slow: Option<(f64, f64)> = None;
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + c).floor();
            if k < 0.0 || k > nf {
                continue;
            }
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            let v = libm::log(v * alpha / (a / (us * us) + b));
            let (lpq, h) = *slow
                .get_or_insert_with(|| (libm::log(p / q), ln_factorial(m) + ln_factorial(nf - m)));
            if v <= h - ln_factorial(k) - ln_factorial(nf - k) + (k - m) * lpq {
                return k as u64;
            }
        }
    }

    /// Splits `n` over categories with weights `w` (not necessarily normalised).
    pub fn multinomial(&mut self, n: u64, w: &[f64], out: &mut [u64]) {
        let mut remaining_weight: f64 = w.iter().sum();
        let mut remaining = n;
        for (k, (&wk, o)) in w.iter().zip(out.iter_mut()).enumerate() {
            if remaining == 0 {
                *o = 0;
                continue;
            }
            if k + 1 == w.len() || remaining_weight <= 0.0 {
                *o = remaining;
                remaining = 0;
                continue;
            }
            let p = (wk / remaining_weight).clamp(0.0, 1.0);
            let x = self.binomial(remaining, p);
            *o = x;
            remaining -= x;
            remaining_weight -= wk;
        }
    }
}

/// ln(x!) for whole x >= 0.
pub fn ln_factorial(x: f64) -> f64 {
    ln_gamma(x + 1.0)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        let pi = std::f64::consts::PI;
        return libm::log(pi / libm::sin(pi * x)) - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, &g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * libm::log(2.0 * std::f64::consts::PI) + (x + 0.5) * libm::log(t) - t + libm::log(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_same_numbers() {
        let mut a = Rng::new(7, 1);
        let mut b = Rng::new(7, 1);
        let mut c = Rng::new(7, 2);
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn moments_are_right() {
        let mut rng = Rng::new(1, 0);
        let n = 20_000;
        for &shape in &[0.5, 1.0, 3.5] {
            let mean: f64 = (0..n).map(|_| rng.gamma(shape)).sum::<f64>() / f64::from(n);
            assert!(
                (mean - shape).abs() < 0.05 * shape.max(1.0),
                "{shape}: {mean}"
            );
        }
        for &(trials, p) in &[(5u64, 0.3), (1000, 0.4), (2500, 0.9)] {
            let mean: f64 =
                (0..n).map(|_| rng.binomial(trials, p) as f64).sum::<f64>() / f64::from(n);
            let expected = trials as f64 * p;
            assert!(
                (mean - expected).abs() < 0.02 * expected + 0.05,
                "{trials} {p}: {mean}"
            );
        }
    }

    #[test]
    fn exponential_has_the_right_distribution() {
        let mut rng = Rng::new(2, 0);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.exponential()).collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let second = xs.iter().map(|x| x * x).sum::<f64>() / f64::from(n);
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        assert!((second - 2.0).abs() < 0.04, "{second}");
        // The tail beyond the base layer is reached, and at the right rate.
        let tail = xs.iter().filter(|&&x| x > 3.0).count() as f64 / f64::from(n);
        assert!((tail - (-3.0f64).exp()).abs() < 0.003, "{tail}");
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }
}
