//! The customer's survey page: plain HTML in Chinese (the customer's phone needs
//! no app, no script and no account), large enough to answer with a thumb.
use super::{Answer, MAX_SUGGESTIONS};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use revisit_core::visit::Visit;

/// What is wrong with an answer (shown on the form again, nothing saved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NeedRatings,
    TooLong,
    NotDone,
}

/// Why a link takes no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Unknown,
    Answered,
    Expired,
}

const STYLE: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;\
margin:0;background:#f4f6f8;color:#0f1720;font-size:18px;line-height:1.5}\
main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:1.5rem;margin:8px 0}\
fieldset{border:1px solid #c9d1da;border-radius:12px;background:#fff;margin:0 0 16px;padding:12px}\
legend{font-weight:700;padding:0 4px}.scale{display:flex;gap:8px}\
.scale label{flex:1;text-align:center;border:2px solid #c9d1da;border-radius:10px;\
min-height:56px;display:flex;align-items:center;justify-content:center;font-size:1.4rem}\
.scale input{position:absolute;opacity:0}.scale input:checked+span{color:#fff}\
.scale label:has(input:checked){background:#0b4f8a;border-color:#0b4f8a;color:#fff}\
.ends{display:flex;justify-content:space-between;color:#4a5563;font-size:.9rem}\
textarea{width:100%;box-sizing:border-box;font:inherit;border:2px solid #c9d1da;border-radius:10px;padding:10px}\
.check{display:flex;align-items:center;gap:10px;min-height:48px}.check input{width:24px;height:24px}\
button{width:100%;min-height:56px;font:inherit;font-weight:700;color:#fff;background:#0b4f8a;\
border:0;border-radius:12px}.error{color:#b42318;font-weight:700}.muted{color:#4a5563}";

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn document(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    ))
}

fn scale(name: &str, legend: &str, chosen: Option<u8>) -> String {
    let boxes: String = (1..=5u8)
        .map(|n| {
            let checked = if chosen == Some(n) { " checked" } else { "" };
            format!(
                "<label><input type=\"radio\" name=\"{name}\" value=\"{n}\" required{checked}>\
                 <span>{n}</span></label>"
            )
        })
        .collect();
    format!(
        "<fieldset data-rating=\"{name}\"><legend>{legend}</legend><div class=\"scale\">{boxes}</div>\
         <div class=\"ends\"><span>很不满意</span><span>很满意</span></div></fieldset>"
    )
}

fn check(name: &str, label: &str, on: bool) -> String {
    let checked = if on { " checked" } else { "" };
    format!("<label class=\"check\"><input type=\"checkbox\" name=\"{name}\" value=\"1\"{checked}>{label}</label>")
}

/// The survey for the customer of `visit`, with what they sent and its problem.
pub fn form(
    customer: &str,
    visit: &Visit,
    expires: DateTime<Utc>,
    answer: &Answer,
    problem: Option<Problem>,
) -> Html<String> {
    let day = visit
        .result
        .as_ref()
        .map(|r| {
            r.completed_at
                .local_date()
                .format("%Y年%m月%d日")
                .to_string()
        })
        .unwrap_or_default();
    let problem = problem.map_or(String::new(), |p| {
        let text = match p {
            Problem::NeedRatings => "请为产品质量和服务质量各选一个分数。".to_owned(),
            Problem::TooLong => format!("建议和需求最多 {MAX_SUGGESTIONS} 字。"),
            Problem::NotDone => "这次回访还没有完成，暂时不能评价。".to_owned(),
        };
        format!("<p class=\"error\" role=\"alert\" data-problem>{text}</p>")
    });
    let body = format!(
        "<h1>顾客满意度调查</h1><p><strong>{customer}</strong></p>\
         <p class=\"muted\">感谢您接受我们 {day} 的回访。请您亲自评价我们的产品和服务（每个链接只能提交一次，\
         {expires} 前有效）。</p>{problem}\
         <form method=\"post\" data-form=\"survey\">{product}{service}\
         <fieldset><legend>建议和需求</legend><textarea name=\"suggestions\" rows=\"4\" maxlength=\"{MAX_SUGGESTIONS}\">{words}</textarea></fieldset>\
         <fieldset><legend>您需要的服务</legend>{maintenance}{outage}{retrofit}</fieldset>\
         <button type=\"submit\">提交</button></form>",
        customer = escape(customer),
        expires = expires
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .format("%Y年%m月%d日"),
        product = scale("product", "产品质量满意度", answer.product),
        service = scale("service", "服务质量满意度", answer.service),
        words = escape(&answer.suggestions),
        maintenance = check("maintenance", "维护保养", answer.maintenance.is_some()),
        outage = check("outage_service", "停电检修", answer.outage_service.is_some()),
        retrofit = check("retrofit", "改造", answer.retrofit.is_some()),
    );
    document("顾客满意度调查", &body)
}

/// Said when the answer is in.
pub fn thanks(customer: &str) -> Html<String> {
    document(
        "谢谢您的评价",
        &format!(
            "<h1 data-thanks>谢谢您的评价！</h1><p><strong>{}</strong></p>\
             <p>您的意见已送达我们的客户服务部。</p>",
            escape(customer)
        ),
    )
}

/// A link that takes no answer, and why.
pub fn closed(status: StatusCode, why: Closed) -> Response {
    let (key, text) = match why {
        Closed::Unknown => (
            "unknown",
            "这个链接无效。请向为您服务的技术员索取新的链接。",
        ),
        Closed::Answered => ("answered", "这份调查已经提交过了，谢谢您！"),
        Closed::Expired => (
            "expired",
            "这个链接已过期。请向为您服务的技术员索取新的链接。",
        ),
    };
    let body = format!("<h1>顾客满意度调查</h1><p data-closed=\"{key}\">{text}</p>");
    (status, document("顾客满意度调查", &body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_customer_typed_is_shown_as_text() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
