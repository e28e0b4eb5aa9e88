//! The report's `analysts` block: each analyst's view, the pool, the locus
//! of contention, the leave-one-out leaders and the agreement.
//!
//! A panel is small (a handful of analysts; contention lists only the items
//! on which two analysts differ), so it is built as a `serde_json::Value`.

use probative::analysis::Analysis;
use probative::analysis::analysts::{Panel, Pool};
use probative::model::Study;
use serde_json::{Map, Value, json};

use super::DbValue;

/// The `analysts` object of `probative-report/1`.
pub fn value(study: &Study, analysis: &Analysis, panel: &Panel) -> Value {
    let hypothesis = |i: usize| study.hypotheses[i].id.as_str();
    let per_hypothesis = |values: &[f64]| -> Value {
        let mut map = Map::new();
        for (h, p) in study.hypotheses.iter().zip(values) {
            map.insert(h.id.clone(), json!(p));
        }
        Value::Object(map)
    };
    let members: Vec<Value> = panel
        .members
        .iter()
        .map(|m| {
            let mut member = json!({
                "id": m.analyst.id,
                "name": m.analyst.name,
                "weight": m.weight,
                "priors": per_hypothesis(&m.analyst.priors),
                "posterior": per_hypothesis(&m.posterior),
                "leader": hypothesis(m.leader.leader),
                "judged_items": m.analyst.judgments.len(),
            });
            if let Some(judged) = &m.analyst.judged {
                member["judged"] = json!(judged);
            }
            member
        })
        .collect();
    let mut without = Map::new();
    for (m, w) in panel.members.iter().zip(&panel.without) {
        if let Some(w) = w {
            without.insert(m.analyst.id.clone(), json!(hypothesis(*w)));
        }
    }
    let mut out = json!({
        "pool": panel.pool.as_str(),
        "members": members,
        "pooled": {
            "prior": per_hypothesis(&panel.pooled_priors),
            "posterior": per_hypothesis(&analysis.posterior),
            "leader": hypothesis(analysis.leader.leader),
            "margin_db": Value::from(DbValue(analysis.leader.margin_db)),
            "without": without,
        },
        "contention": panel.contention.iter().map(|c| json!({
            "pair": [panel.members[c.a].analyst.id, panel.members[c.b].analyst.id],
            "hypotheses": [hypothesis(c.i), hypothesis(c.j)],
            "total_db": Value::from(DbValue(c.total_db)),
            "prior_db": Value::from(DbValue(c.prior_db)),
            "items": c.items.iter().map(|(e, d)| json!({
                "evidence": study.evidence[*e].id,
                "db": Value::from(DbValue(*d)),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "adoption": panel.members.iter().zip(&panel.adoption).map(|(m, a)| json!({
            "analyst": m.analyst.id,
            "changes_leader": a.as_ref().map(|a| json!({
                "rival": hypothesis(a.rival),
                "evidence": a.evidence.iter().map(|&e| study.evidence[e].id.as_str()).collect::<Vec<_>>(),
            })),
        })).collect::<Vec<_>>(),
        "alpha": panel.alpha,
    });
    if panel.pool == Pool::Linear {
        let leader = panel.linear_leader();
        out["linear"] = json!({
            "posterior": per_hypothesis(&panel.linear),
            "leader": hypothesis(leader),
            "externally_bayesian": false,
        });
    }
    out
}
