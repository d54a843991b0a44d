/// The app's CSS. System fonts, no web fonts or frameworks: pages stay small and fast on any phone.
/// Colours pass WCAG AA contrast on white; the traffic-light colours of the expectation ladder and of
/// NPS groups are the same everywhere.
enum Stylesheet {
    static let app =
        base + questions + contacts + journeys + value + """
            body{margin:0;background:#f4f5f7}
            .top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.6rem 1.25rem;background:#1d2b3a;color:#fff}
            .top a,.top button.link{color:#dfe7ef}
            .brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:#fff!important}
            .brand span{font-weight:400;margin-left:.6rem;color:#b8c6d4;font-size:.95rem}
            .tabs{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;flex:1}
            .tabs a{text-decoration:none;padding:.3rem 0;border-bottom:2px solid transparent}
            .tabs a[aria-current]{border-color:#6cc3b0;color:#fff}
            .lang{display:flex;gap:.6rem;font-size:.9rem}
            .lang span{color:#fff;font-weight:600}
            main{max-width:1200px;margin:0 auto;padding:1.25rem}
            .card{background:#fff;border-radius:10px;padding:1.1rem 1.3rem;box-shadow:0 1px 2px rgba(0,0,0,.08);margin-bottom:1rem}
            .narrow{max-width:28rem;margin:2rem auto}
            .lead{color:#4a5563}
            .grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr))}
            .tiles{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));margin-bottom:1rem}
            .tile{background:#fff;border-radius:10px;padding:.9rem 1.1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            .tile h2{font-size:.95rem;margin:0;color:#4a5563;font-weight:600}
            .tile .value{font-size:2.2rem;font-weight:700;line-height:1.2;text-decoration:none;color:#1d2b3a}
            .tile .interval,.tile .n{color:#4a5563;font-size:.85rem}
            .change{font-size:.9rem;font-weight:600}
            .up{color:#1e7a4c}.down{color:#b3261e}.flat{color:#4a5563}
            .badge{display:inline-block;font-size:.75rem;padding:.05rem .4rem;border-radius:4px;background:#fdecc8;color:#6b4a00}
            .sig{background:#dff3e9;color:#1e5c3c}.sig.down{background:#fdecea;color:#8c1d18}.sig.flat{background:#eef0f3;color:#374151}
            .changes ul{list-style:none;margin:0;padding:0;display:grid;gap:.2rem 1.5rem;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr))}
            .changes li{padding:.35rem 0;border-bottom:1px solid #eef0f3}
            .changes .arrow{font-size:.8rem;margin-right:.2rem}.changes .move{display:block;font-size:.9rem}
            .changes .fall .arrow,.changes .fall b{color:#b3261e}.changes .rise .arrow,.changes .rise b{color:#1e7a4c}
            .changes small{color:#4a5563}.changes .lead{font-size:.9rem;margin:0 0 .4rem}
            .chart{overflow-x:auto;-webkit-overflow-scrolling:touch}
            .chart svg{display:block}
            table.dist td.bar{width:45%}table.dist td.bar span{display:block;height:.9rem;background:#1f6f5c;border-radius:2px;min-width:1px}
            ul.texts{list-style:none;padding:0}ul.texts li{border-left:3px solid #d0d5db;padding:.2rem .8rem;margin:.5rem 0}ul.texts p{margin:.1rem 0}
            .chart-note{color:#4a5563;font-size:.85rem;margin:.3rem 0}
            details.fold>summary{font-weight:600;color:#1f2933;list-style-position:inside}
            details.fold[open]>summary{margin-bottom:.6rem}
            @media(min-width:48rem){details.fold>summary{display:none}details.fold::details-content{content-visibility:visible;display:block;height:auto}}
            .filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end}
            .filters .field{margin:0}
            table{border-collapse:collapse;width:100%;font-size:.92rem}
            th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
            th{font-weight:600;color:#374151;background:#f8f9fa}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .table-wrap{overflow-x:auto}
            .actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;font-size:.9rem}
            .actions a[aria-current]{font-weight:700;text-decoration:none;color:#1d2b3a}
            details summary{cursor:pointer;color:#1f5f8b;font-size:.9rem}
            .comment{border-left:3px solid #d0d5db;padding:.3rem .8rem;margin:.6rem 0}
            .comment.detractor{border-color:#c62828}.comment.passive{border-color:#e0a030}.comment.promoter{border-color:#2e8b57}
            .comment .meta{color:#4a5563;font-size:.85rem}
            .score{display:inline-block;min-width:1.6rem;text-align:center;border-radius:4px;color:#fff;background:#4a5563;font-weight:700;font-size:.8rem;padding:0 .3rem;margin-right:.2rem}
            .score.detractor{background:#c62828}.score.passive{background:#8a5a00}.score.promoter{background:#2e7d4f}
            .facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
            .facts dt{color:#4a5563}.facts dd{margin:0}
            .pager{display:flex;justify-content:space-between;margin-top:.8rem}
            svg text{font-family:inherit}
            a.primary{display:inline-block;text-decoration:none}
            .question-editor{border:1px solid #d0d5db;border-radius:8px;margin:0 0 1rem;padding:.8rem 1rem}
            .question-editor legend{font-weight:600;padding:0 .3rem}
            .templates{border:0;padding:0;display:grid;gap:.6rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));margin-bottom:1rem}
            .template input{position:absolute;opacity:0}
            .template label{display:block;font-weight:400;overflow-wrap:anywhere;hyphens:auto;border:1px solid #8a94a0;border-radius:8px;padding:.7rem .9rem;cursor:pointer;height:100%}
            .template input:checked+label{border:2px solid #1f6f5c;background:#e8f3ef}
            .template input:focus-visible+label{outline:3px solid #f2b01e}
            .phone iframe{border:10px solid #1d2b3a;border-radius:28px;background:#fff;max-width:100%}
            .qr img{border:1px solid #e3e6ea}
            @media(max-width:40rem){
              .top{padding:.45rem .75rem;gap:.2rem .75rem}
              .brand{font-size:1.05rem}.brand span{font-size:.85rem}
              .tabs{order:3;flex:1 0 100%;flex-wrap:nowrap;overflow-x:auto;white-space:nowrap;gap:1.1rem;scrollbar-width:none}
              .tabs form{flex:none}
              main{padding:.6rem}
              .card{padding:.75rem .85rem;margin-bottom:.6rem}
              .tiles{grid-template-columns:1fr;gap:.5rem;margin-bottom:.6rem}
              .tile{padding:.55rem .8rem;display:grid;grid-template-columns:1fr auto;column-gap:.75rem;align-items:center}
              .tile h2{grid-column:1;grid-row:1}.tile h2 small{display:none}
              .tile .value{grid-column:2;grid-row:1/span 3;font-size:2rem;text-align:right}
              .tile p{margin:0}.tile .interval{grid-column:1;grid-row:2}.tile .n{grid-column:1;grid-row:3}
              .tile .change{grid-column:1/span 2;grid-row:4;font-size:.85rem;margin-top:.15rem}
              details.fold>summary{font-size:.9rem}
              .changes ul{grid-template-columns:1fr}.changes .lead{display:none}.changes h2{margin:0}
              main>.notice{margin:0 0 .6rem;padding:.35rem .6rem;font-size:.9rem}
              .tile h2{font-size:.9rem}.tile .interval,.tile .n{font-size:.8rem}
            }
            @media print{.top,.filters,.actions,form,details summary{display:none!important}body{background:#fff}.card,.tile{box-shadow:none;border:1px solid #ccc;break-inside:avoid}main{max-width:none;padding:0}}
            """

    /// Customer value: a row of section links, headline figures, segment cards, the cohort heat map.
    static let value = """
        .subtabs{display:flex;gap:.4rem 1.1rem;flex-wrap:nowrap;overflow-x:auto;white-space:nowrap;margin:0 0 .8rem;padding:.2rem .1rem;scrollbar-width:none}
        .subtabs a{text-decoration:none;padding:.3rem 0;border-bottom:2px solid transparent}
        .subtabs a[aria-current]{border-color:#1f6f5c;font-weight:600}
        .grid.kpis{grid-template-columns:repeat(auto-fit,minmax(9rem,1fr))}
        .kpis div{display:flex;flex-direction:column;gap:.15rem}.kpis strong{font-size:1.3rem}
        p.big{font-size:1.35rem;font-weight:700;margin:.2rem 0}
        .segment{border:1px solid #e3e7ed;border-radius:8px;padding:.7rem .9rem}
        .segment h3{margin:0 0 .3rem;font-size:1.02rem}.segment dl{display:grid;grid-template-columns:1fr auto;gap:.15rem .8rem;margin:.3rem 0}
        .segment dd{margin:0;text-align:right}
        ul.inline-list{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.4rem}
        ul.marks{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
        table.cohorts td{min-width:2.6rem;font-size:.85rem}
        table.customers th[scope=row]{font-weight:600;white-space:nowrap}
        form.period{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end}form.period .field{margin:0}
        """

    /// Journey maps: stages as columns that scroll sideways under the lane names (which stay in view), the
    /// emotion chart at its own width, printed on A3 landscape.
    static let journeys = """
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        .journey-head h1 .badge{vertical-align:middle}
        .persona{border-left:4px solid #6cc3b0;padding:.2rem 0 .2rem .9rem;margin:.6rem 0}
        .persona h2{margin:0 0 .3rem}.persona dl{margin:0}
        .persona dt{font-size:.8rem;color:#4a5563;font-weight:600}.persona dd{margin:0 0 .3rem}
        @media(min-width:48rem){.persona dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}.persona dd{margin:0}}
        .persona blockquote{margin:.5rem 0 0;font-style:italic;color:#374151}
        .journey-period{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;margin:.6rem 0}
        .journey-tools{font-size:.9rem;margin:.3rem 0 0}
        .emotion-chart{display:block;max-width:100%}
        table.journey{border-collapse:separate;border-spacing:0;min-width:100%;font-size:.9rem}
        table.journey th,table.journey td{border-bottom:1px solid #e3e7ed;padding:.45rem .55rem;vertical-align:top;text-align:left;min-width:10.5rem;max-width:16rem}
        table.journey thead th{background:#1d2b3a;color:#fff;position:sticky;top:0}
        table.journey th[scope=row]{position:sticky;left:0;background:#f4f5f7;min-width:7.5rem;max-width:9rem;z-index:1;font-size:.85rem}
        table.journey td p{margin:0 0 .2rem;white-space:pre-line}
        table.journey td.evidence{background:#eef8f2}
        table.journey .basis{font-size:.72rem;color:#4a5563;margin-right:.4rem}
        table.journey td.evidence .basis{color:#1e5c3c;font-weight:600}
        table.journey .edit,table.journey .remarks{font-size:.8rem}table.journey .remarks{text-decoration:none;margin-left:.3rem}
        .comments{padding-left:1.2rem}.comments li{margin:.4rem 0}.comments p{margin:0;white-space:pre-line}
        table.journey ul{margin:0;padding-left:1rem}
        table.journey .blind,.blind-spots .blind{color:#8c1d18}
        table.journey td.blind{background:#fdf3f2}
        .emotion-form{display:flex;flex-wrap:wrap;gap:.3rem;font-size:.8rem;margin-top:.3rem}.emotion-form input.short{width:4.5rem}
        .company-actions li.done{text-decoration:line-through;color:#4a5563}
        .blind-spots li{margin:.25rem 0}
        .stage-list{list-style:none;padding:0}.stage-editor h2{margin-top:0}
        .stage-editor .row{display:flex;flex-wrap:wrap;gap:.5rem;margin:.3rem 0}.stage-editor .row .inline-form{margin:0}
        .stage-editor .touchpoints{display:block}.stage-editor fieldset{border:1px solid #d9dee7;border-radius:8px;margin:0 0 .5rem}
        .inline-form{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:end;margin:.4rem 0}
        .checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.2rem .8rem;max-height:16rem;overflow:auto}
        label.check{display:flex;gap:.35rem;align-items:baseline;font-size:.9rem}
        .history{font-size:.85rem;color:#374151}
        @page journey{size:A3 landscape;margin:12mm}
        @media print{.journey-page{page:journey}.journey-page .edit,.journey-tools,.journey-period{display:none!important}
          .scroll{overflow:visible}table.journey th[scope=row],table.journey thead th{position:static}}
        """

    /// Shared by the app and the survey pages.
    static let base = """
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;line-height:1.45}
        a{color:#1f5f8b}
        h1{font-size:1.5rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:.2rem 0 .6rem}
        .field{margin:0 0 .9rem;display:flex;flex-direction:column;gap:.25rem}
        .field small{color:#4a5563}
        label{font-weight:600}
        input[type=text],input[type=email],input[type=password],input[type=date],input[type=search],input[type=tel],select,textarea{font:inherit;padding:.5rem .6rem;border:1px solid #8a94a0;border-radius:6px;background:#fff;width:100%}
        textarea{min-height:6rem}
        input:focus,select:focus,textarea:focus,button:focus,a:focus{outline:3px solid #f2b01e;outline-offset:1px}
        button{font:inherit;cursor:pointer}
        .primary{background:#1f6f5c;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-weight:600}
        .secondary{background:#fff;color:#1f6f5c;border:1px solid #1f6f5c;border-radius:6px;padding:.5rem 1rem}
        .danger{background:#fff;color:#b3261e;border:1px solid #b3261e;border-radius:6px;padding:.4rem .8rem}
        button.link{background:none;border:0;padding:0;text-decoration:underline}
        form.inline{display:inline}
        .error{color:#b3261e;font-weight:600;margin:.2rem 0}
        [aria-invalid=true]{border-color:#b3261e!important;border-width:2px!important}
        .notice{background:#e6f4ea;color:#1e5c3c;padding:.5rem .75rem;border-radius:6px}
        .check label{font-weight:400}
        .visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        """

    /// Survey questions: the public pages, the builder's preview and the operator's call page.
    static let questions = """
        .question{border:0;margin:0 0 1.4rem;padding:1rem;background:#fff;border-radius:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        .question legend,.legend{font-weight:600;font-size:1.05rem;margin-bottom:.7rem;padding:0;display:block}
        .question legend{float:left;width:100%}.question legend+*{clear:both}
        .req{color:#b3261e}
        .scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(2.6rem,1fr));gap:.35rem}
        .scale.nps{grid-template-columns:repeat(6,1fr)}
        @media(min-width:30rem){.scale.nps{grid-template-columns:repeat(11,1fr)}}
        .scale input,.choice input{position:absolute;opacity:0;width:1px;height:1px}
        .scale label{display:flex;align-items:center;justify-content:center;min-height:2.9rem;border:1px solid #8a94a0;border-radius:8px;background:#fff;font-weight:600;cursor:pointer}
        .scale input:checked+label{background:#1f6f5c;border-color:#1f6f5c;color:#fff}
        .scale input:focus-visible+label,.choice input:focus-visible+label{outline:3px solid #f2b01e;outline-offset:2px}
        .ends{display:flex;justify-content:space-between;font-size:.85rem;color:#4a5563;margin-top:.4rem;gap:1rem}
        .choice label{display:block;font-weight:400;padding:.8rem 1rem;border:1px solid #8a94a0;border-radius:8px;margin:.35rem 0;cursor:pointer;background:#fff}
        .choice input:checked+label{border-width:2px;border-color:#1f6f5c;background:#e8f3ef;font-weight:600}
        .choice.bad input:checked+label{border-color:#c62828;background:#fdecea}
        .choice.neutral input:checked+label{border-color:#a86b00;background:#fff4e0}
        .choice.good input:checked+label{border-color:#2e7d4f;background:#e6f4ea}
        .choice.stars label{color:#8a5a00;letter-spacing:.1em}
        .question .hint{margin:0 0 .3rem;color:#4a5563;font-size:.9rem}
        .hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
        .buttons{display:flex;gap:.7rem;justify-content:flex-end}
        .buttons .primary{flex:1;max-width:16rem;padding:.85rem 1.2rem;font-size:1.05rem}
        """
}
