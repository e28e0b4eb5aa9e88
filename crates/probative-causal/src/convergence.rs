//! Convergence diagnostics for draws from several chains: split R-hat and
//! effective sample size (Stan's estimators), and Monte Carlo errors.
//!
//! This module owns the arithmetic on traces only; it knows nothing about
//! where the draws came from.

/// Split R-hat (Gelman et al., BDA3): each chain split in half. `None` when
/// the quantity is constant or there are too few draws.
pub fn split_rhat(chains: &[Vec<f64>]) -> Option<f64> {
    let n = chains.iter().map(Vec::len).min()? / 2;
    if n < 2 {
        return None;
    }
    let halves: Vec<&[f64]> = chains
        .iter()
        .flat_map(|c| [&c[..n], &c[n..2 * n]])
        .collect();
    let m = halves.len() as f64;
    let nf = n as f64;
    let means: Vec<f64> = halves.iter().map(|h| mean(h)).collect();
    let grand = mean(&means);
    let b = nf / (m - 1.0) * means.iter().map(|x| (x - grand).powi(2)).sum::<f64>();
    let w = halves
        .iter()
        .zip(&means)
        .map(|(h, mu)| h.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (nf - 1.0))
        .sum::<f64>()
        / m;
    if w <= 1e-300 {
        return None;
    }
    let var_plus = (nf - 1.0) / nf * w + b / nf;
    Some((var_plus / w).sqrt())
}

/// Effective sample size over chains (Geyer's initial monotone sequence on
/// the combined autocorrelations, as Stan). Constant traces count fully.
pub fn effective_sample_size(chains: &[Vec<f64>]) -> f64 {
    let Some(n) = chains.iter().map(Vec::len).min() else {
        return 0.0;
    };
    let m = chains.len() as f64;
    let total = m * n as f64;
    if n < 4 {
        return total;
    }
    let nf = n as f64;
    let chains: Vec<&[f64]> = chains.iter().map(|c| &c[..n]).collect();
    let means: Vec<f64> = chains.iter().map(|c| mean(c)).collect();
    let grand = mean(&means);
    let variances: Vec<f64> = chains
        .iter()
        .zip(&means)
        .map(|(c, mu)| c.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (nf - 1.0))
        .collect();
    let w = mean(&variances);
    let b_over_n = if chains.len() > 1 {
        means.iter().map(|x| (x - grand).powi(2)).sum::<f64>() / (m - 1.0)
    } else {
        0.0
    };
    let var_plus = (nf - 1.0) / nf * w + b_over_n;
    if var_plus <= 1e-300 {
        return total;
    }
    let autocovariance = |lag: usize| -> f64 {
        chains
            .iter()
            .zip(&means)
            .map(|(c, mu)| {
                c[..n - lag]
                    .iter()
                    .zip(&c[lag..])
                    .map(|(a, b)| (a - mu) * (b - mu))
                    .sum::<f64>()
                    / nf
            })
            .sum::<f64>()
            / m
    };
    let rho = |lag: usize| 1.0 - (w - autocovariance(lag)) / var_plus;
    // Geyer: sum pairs of autocorrelations while positive, forcing them to decrease.
    let mut tau = -1.0;
    let mut previous_pair = f64::INFINITY;
    let mut lag = 0;
    while lag + 1 < n {
        let pair = if lag == 0 {
            1.0 + rho(1)
        } else {
            rho(lag) + rho(lag + 1)
        };
        if pair <= 0.0 {
            break;
        }
        let pair = pair.min(previous_pair);
        tau += 2.0 * pair;
        previous_pair = pair;
        lag += 2;
    }
    let tau = tau.max(1.0 / libm::log10(total).max(1.0));
    total / tau
}

/// The mean of a slice.
pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample standard deviation (n − 1).
pub fn sd(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let mu = mean(xs);
    (xs.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0)).sqrt()
}

/// Quantile with R's default (type 7) interpolation.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Rng;

    #[test]
    fn independent_draws_have_full_ess_and_rhat_one() {
        let mut rng = Rng::new(3, 0);
        let chains: Vec<Vec<f64>> = (0..4)
            .map(|_| (0..1000).map(|_| rng.normal()).collect())
            .collect();
        let ess = effective_sample_size(&chains);
        assert!(ess > 3000.0 && ess < 5000.0, "{ess}");
        let r = split_rhat(&chains).expect("varies");
        assert!((r - 1.0).abs() < 0.01, "{r}");
    }

    #[test]
    fn sticky_chains_have_low_ess_and_split_chains_high_rhat() {
        let mut rng = Rng::new(3, 0);
        let chains: Vec<Vec<f64>> = (0..4)
            .map(|k| {
                let mut x = f64::from(k);
                (0..1000)
                    .map(|_| {
                        x = 0.99 * x + 0.1 * rng.normal();
                        x
                    })
                    .collect()
            })
            .collect();
        assert!(effective_sample_size(&chains) < 400.0);
        assert!(split_rhat(&chains).expect("varies") > 1.05);
    }

    #[test]
    fn quantiles_interpolate_like_r() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert!((quantile(&xs, 0.025) - 1.075).abs() < 1e-12);
        assert!((quantile(&xs, 0.5) - 2.5).abs() < 1e-12);
    }
}
