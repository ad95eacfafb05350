package org.facenas.results.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.facenas.records.CandidateResult;
import org.facenas.records.PlusMinus;
import org.facenas.results.CandidateRecord;
import org.facenas.results.FrontRow;
import org.facenas.results.Metric;
import org.facenas.results.ReferenceRecord;
import org.facenas.results.RunFront;
import org.facenas.results.RunRecord;
import org.facenas.results.confirm.ConfirmSelection;
import org.facenas.results.confirm.Confirmation;
import org.facenas.results.stats.Bootstrap;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.Stage;

/**
 * A static, self-contained HTML report of a run: ECharts (inlined, so it opens from disk with no network),
 * accuracy vs MFLOPs of every candidate with the front and the zoo references, hypervolume by generation, and the
 * front's architectures drawn stage by stage. The page sets {@code #status} (charts rendered, script errors) for
 * headless checks.
 */
public final class HtmlReport {

    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {
    }

    public static String render(RunRecord run) {
        return TEMPLATE.replace("/*ECHARTS*/", echarts())
                .replace("/*DATA*/", data(run).toString().replace("</", "<\\/"))
                .replace("{{TITLE}}", escape("FaceNAS run " + run.runId()));
    }

    static ObjectNode data(RunRecord run) {
        ObjectNode d = JSON.createObjectNode();
        d.put("run", run.runId());
        d.put("strategy", run.config().strategy().key());
        d.put("proxy", run.config().proxySettings().name());
        ArrayNode rungNames = d.putArray("rungs");
        for (int r = 0; r < run.config().rungCount(); r++) {
            rungNames.add(run.config().proxySettings(r).name());
        }
        d.set("objectives", JSON.valueToTree(run.objectives()));
        // "acc" is the run's quality score (accuracy or ROC AUC) and "std" its fold std: accuracy's, or the std of the
        // 10 folds' AUCs. A candidate recorded before AUC had a std gets null and no bar, not a zero-width one that
        // would read as certainty
        Metric quality = run.config().qualityMetric();
        d.put("score", quality.key());
        d.put("scoreLabel", quality == Metric.ROCAUC ? "ROC AUC" : "verification accuracy");
        ArrayNode all = d.putArray("candidates");
        for (CandidateRecord c : run.candidates()) {
            CandidateResult r = c.result();
            if (quality.scored(r)) {
                all.addObject().put("bs", r.blockString()).put("acc", quality.value(r)).put("mflops", r.mflops())
                        .put("params", r.params()).put("gen", c.generation()).put("rung", c.rung())
                        .put("std", quality == Metric.ROCAUC ? r.rocAucStd() : r.accuracyStd());
            }
        }
        d.put("failed", run.candidates().stream().filter(c -> !c.result().ok()).count());
        List<FrontRow> front = RunFront.of(run, null, null, "mflops");
        ArrayNode f = d.putArray("front");
        for (FrontRow r : front) {
            f.add(JSON.valueToTree(r));
        }
        ArrayNode refs = d.putArray("references");
        for (ReferenceRecord ref : run.references()) {
            if (quality.scored(ref.result())) {
                refs.addObject().put("name", ref.name()).put("acc", quality.value(ref.result())).put("mflops", ref.result().mflops());
            }
        }
        // the seed architectures are the yardstick a seeded search must beat (a campaign may have no references:),
        // so each is marked at the highest rung it reached, not drawn as an ordinary candidate
        ArrayNode seeds = d.putArray("seeds");
        List<String> referenceBlocks = run.references().stream().map(r -> r.result().blockString()).toList();
        for (ConfirmSelection.Entry e : ConfirmSelection.references(run.config())) {
            if (referenceBlocks.contains(e.blockString())) {
                continue;
            }
            run.candidates().stream().filter(c -> c.blockString().equals(e.blockString()) && quality.scored(c.result()))
                    .max(java.util.Comparator.comparingInt(CandidateRecord::rung))
                    .ifPresent(c -> seeds.addObject().put("name", e.label()).put("acc", quality.value(c.result()))
                            .put("mflops", c.result().mflops()).put("rung", c.rung()));
        }
        confirmed(d.putArray("confirmed"), run);
        retrained(d.putArray("retrained"), run);
        ArrayNode gens = d.putArray("generations");
        run.generations().forEach(g -> gens.addObject().put("g", g.generation()).put("hv", g.hypervolume()).put("best", g.best()));
        ArrayNode archs = d.putArray("architectures");
        java.util.function.ToDoubleFunction<FrontRow> score = r -> quality == Metric.ROCAUC ? (r.rocAuc() == null ? 0 : r.rocAuc()) : r.accuracy();
        front.stream().sorted((a, b) -> Double.compare(score.applyAsDouble(b), score.applyAsDouble(a))).limit(6).forEach(r -> {
            Architecture a = Architecture.parse(r.blockString());
            ObjectNode o = archs.addObject();
            o.put("title", String.format(Locale.ROOT, "%s %s, %.1f MFLOPs, %,d params",
                    PlusMinus.of(score.applyAsDouble(r), quality == Metric.ROCAUC ? r.rocAucStd() : r.accuracyStd()),
                    quality == Metric.ROCAUC ? "ROC AUC" : "acc", r.mflops(), r.params()));
            o.put("bs", r.blockString());
            ArrayNode stages = o.putArray("stages");
            stages.addObject().put("label", "stem c" + a.stem().channels()).put("type", "stem").put("channels", a.stem().channels());
            int i = 1;
            for (Stage s : a.stages()) {
                stages.addObject().put("label", String.format(Locale.ROOT, "%d: %s x%d k%d s%d%s%s", i++, s.type().name().toLowerCase(Locale.ROOT),
                        s.repeats(), s.kernel(), s.stride(), s.expansion() > 1 ? " e" + s.expansion() : "", s.seRatio() > 0 ? " se" : ""))
                        .put("type", s.type().name().toLowerCase(Locale.ROOT)).put("channels", s.channels());
            }
            stages.addObject().put("label", "head " + a.head().pooling().name().toLowerCase(Locale.ROOT) + " emb" + a.head().embeddingSize())
                    .put("type", "head").put("channels", a.head().channels());
        });
        return d;
    }

    /** facenas confirm's tables, one per proxy: what the command prints, read from the run's confirm/ records. */
    private static void confirmed(ArrayNode out, RunRecord run) {
        for (Confirmation.Report rep : Confirmation.reports(run.dir(), run.config(), Bootstrap.DEFAULT)) {
            ObjectNode o = out.addObject().put("proxy", rep.proxy()).put("level", rep.level());
            rep.seeds().forEach(o.putArray("seeds")::add);
            ArrayNode rows = o.putArray("rows");
            for (Confirmation.Row r : rep.rows()) {
                number(number(rows.addObject().put("label", r.label()).put("bs", r.blockString()).put("reference", r.reference())
                        .put("mflops", r.mflops()).put("params", r.params()).put("n", r.seeds().size()).put("failed", r.failed()),
                        "mean", r.mean()), "std", r.std());
            }
            ArrayNode diffs = o.putArray("differences");
            for (Confirmation.Difference x : rep.differences()) {
                number(number(number(diffs.addObject().put("label", x.label()).put("reference", x.reference()).put("pairs", x.pairs())
                        .put("excludesZero", x.excludesZero()), "value", x.difference().value()), "lo", x.difference().lo()),
                        "hi", x.difference().hi());
            }
        }
    }

    /**
     * facenas retrain's models, one point per model x verification set: accuracy +- fold std against MFLOPs, drawn as a
     * chart per set; a model that failed or was not scored on a set has no point there.
     */
    private static void retrained(ArrayNode out, RunRecord run) {
        List<String> references = ConfirmSelection.references(run.config()).stream().map(ConfirmSelection.Entry::blockString).toList();
        for (Confirmation.Trial t : Confirmation.read(run.dir(), Confirmation.RETRAIN_DIR)) {
            CandidateResult r = t.result();
            if (!r.ok() || r.verification() == null) {
                continue;
            }
            for (org.facenas.records.VerificationScore v : r.verification()) {
                out.addObject().put("set", v.set()).put("label", t.label()).put("bs", t.blockString()).put("seed", t.seed())
                        .put("reference", references.contains(t.blockString())).put("mflops", r.mflops()).put("acc", v.accuracy())
                        .put("std", v.accuracyStd());
            }
        }
    }

    /** A number, or null for NaN (JSON has no NaN; the page prints n/a). */
    private static ObjectNode number(ObjectNode o, String field, double v) {
        return Double.isNaN(v) ? o.putNull(field) : o.put(field, v);
    }

    private static String echarts() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IllegalStateException("ECharts is missing from the classpath (" + ECHARTS + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final String TEMPLATE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{TITLE}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1150px}
            .chart{width:1100px;height:480px;margin:8px 0 28px}
            .arch{width:1100px;height:220px}
            table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}
            td.bs{text-align:left;font-family:monospace;font-size:11px}
            #status{color:#777;font-size:12px}
            </style>
            <script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));});</script>
            <script>/*ECHARTS*/</script>
            </head><body>
            <h1>{{TITLE}}</h1>
            <p id="summary"></p>
            <p id="status" data-charts="0" data-errors="0">rendering...</p>
            <h2>Quality score vs MFLOPs</h2><div id="scatter" class="chart"></div>
            <h2>Hypervolume by generation</h2><div id="hypervolume" class="chart" style="height:320px"></div>
            <h2>Front architectures, stage by stage</h2><div id="archs"></div>
            <h2>Confirmed over seeds</h2><div id="confirmed"><p>Not confirmed: <code>facenas confirm RUN_DIR</code> retrains the best front members and the references over seeds.</p></div>
            <h2>Retrained at 112x112: accuracy vs MFLOPs per verification set</h2><div id="retrained"><p>Not retrained: <code>facenas retrain RUN_DIR --references --epochs N</code> trains the best front members and the references fully.</p></div>
            <h2>Front</h2><table id="front"><thead><tr><th>rank</th><th>accuracy</th><th>&plusmn;</th><th>MFLOPs</th><th>params</th><th>MB</th><th>latency ms</th><th>block string</th></tr></thead><tbody></tbody></table>
            <script>
            const DATA = /*DATA*/;
            let charts = 0;
            function status(){const e=document.getElementById('status');e.dataset.charts=charts;e.dataset.errors=window.__errors.length;
              e.textContent='charts rendered: '+charts+'; script errors: '+window.__errors.length+(window.__errors.length?' ('+window.__errors.join('; ')+')':'');}
            function chart(el,opt){const c=echarts.init(el,null,{renderer:'svg'});c.setOption(opt);charts++;return c;}
            try {
              document.getElementById('summary').textContent=DATA.candidates.length+' candidates ('+DATA.failed+' failed), strategy '+DATA.strategy+', proxy '+DATA.rungs.join(' > ')+(DATA.rungs.length>1?' (successive halving; front and references on the top rung, lower rungs faded, never ranked against it)':'')+', front over '+DATA.objectives.join(', ')+': '+DATA.front.length+'. Quality score: '+DATA.scoreLabel+(DATA.score==='accuracy'?'. Error bars: accuracy +- the 10-fold std.':' over all pairs. Error bars: ROC AUC +- the std of the AUCs of the 10 folds (the folds of the accuracy std)'
                +(DATA.candidates.some(c=>c.std==null)?'; candidates recorded before it was measured have none.':'.'));
              const topRung=DATA.rungs.length-1;
              const rungSeries=DATA.rungs.map((name,r)=>({name:(DATA.rungs.length>1?'rung '+r+' ('+name+')':'candidates'),type:'scatter',symbolSize:r===topRung?8:6,
                itemStyle:{color:r===topRung?'#4a6fa5':'#c3cad4',opacity:r===topRung?0.9:0.6},
                data:DATA.candidates.filter(c=>c.rung===r).map(c=>({value:[c.mflops,c.acc],bs:c.bs,std:c.std}))}));
              // encode both ends on y, so that the axis spans the bars too (a bar past the axis is drawn off the plot)
              const errorBars={name:'fold std (top rung)',type:'custom',z:1,itemStyle:{color:'#4a6fa5'},encode:{x:0,y:[1,2]},
                renderItem:(params,api)=>{const lo=api.coord([api.value(0),api.value(1)]);const hi=api.coord([api.value(0),api.value(2)]);
                  return {type:'line',shape:{x1:lo[0],y1:lo[1],x2:hi[0],y2:hi[1]},style:{stroke:'#4a6fa5',lineWidth:1,opacity:0.7}};},
                tooltip:{show:false},
                data:DATA.candidates.filter(c=>c.rung===topRung&&c.std!=null).map(c=>[c.mflops,c.acc-c.std,c.acc+c.std])};
              chart(document.getElementById('scatter'),{
                tooltip:{trigger:'item',formatter:p=>(p.data.name||p.data.bs||'')+'<br>'+DATA.score+' '+p.data.value[1].toFixed(4)+(p.data.std!=null?' \u00b1 '+p.data.std.toFixed(4):'')+', '+p.data.value[0].toFixed(1)+' MFLOPs'},
                legend:{}, xAxis:{name:'MFLOPs',type:'value',scale:true}, yAxis:{name:DATA.scoreLabel,type:'value',scale:true},
                series:[
                  ...rungSeries, errorBars,
                  {name:'Pareto front',type:'line',step:'end',symbolSize:10,itemStyle:{color:'#d62728'},data:DATA.front.map(r=>({value:[r.mflops,DATA.score==='rocauc'?r.rocAuc:r.accuracy],bs:r.blockString}))},
                  {name:'zoo references',type:'scatter',symbol:'diamond',symbolSize:14,itemStyle:{color:'#2ca02c'},
                   label:{show:true,position:'right',formatter:p=>p.data.name},data:DATA.references.map(r=>({value:[r.mflops,r.acc],name:r.name}))},
                  {name:'seed architectures',type:'scatter',symbol:'triangle',symbolSize:14,itemStyle:{color:'#9467bd'},
                   label:{show:true,position:'left',formatter:p=>p.data.name},data:DATA.seeds.filter(r=>r.rung===topRung).map(r=>({value:[r.mflops,r.acc],name:r.name+' (seed)'}))}
                ]});
              chart(document.getElementById('hypervolume'),{
                tooltip:{trigger:'axis'}, legend:{}, xAxis:{name:'generation',type:'category',data:DATA.generations.map(g=>g.g)},
                yAxis:[{name:'hypervolume',type:'value',scale:true},{name:'best '+DATA.scoreLabel,type:'value',scale:true}],
                series:[{name:'hypervolume',type:'line',data:DATA.generations.map(g=>g.hv)},
                        {name:'best '+DATA.scoreLabel,type:'line',yAxisIndex:1,data:DATA.generations.map(g=>g.best)}]});
              const colors={stem:'#7f7f7f',ir:'#1f77b4',ds:'#ff7f0e',res:'#9467bd',head:'#8c564b'};
              for (const a of DATA.architectures){
                const h=document.createElement('h3');h.textContent=a.title;h.title=a.bs;document.getElementById('archs').appendChild(h);
                const el=document.createElement('div');el.className='arch';document.getElementById('archs').appendChild(el);
                chart(el,{tooltip:{},grid:{left:60,right:20,top:20,bottom:60},
                  xAxis:{type:'category',data:a.stages.map(s=>s.label),axisLabel:{interval:0,rotate:12,fontSize:10}},
                  yAxis:{type:'value',name:'channels'},
                  series:[{type:'bar',data:a.stages.map(s=>({value:s.channels,itemStyle:{color:colors[s.type]||'#333'}})),label:{show:true,position:'top'}}]});
              }
              const tb=document.querySelector('#front tbody');
              // a run ranked on ROC AUC shows it first, +- its fold std (n/a in a run recorded before it was measured)
              const auc=DATA.score==='rocauc';
              const pm=(v,sd)=>v==null?'-':v.toFixed(4)+' \u00b1 '+(sd==null?'n/a':sd.toFixed(4));
              // several verification sets: a column each of the quality score +- fold std (the first is what the search ranked on)
              const multi=DATA.front.find(r=>(r.verification||[]).length>1);
              const sets=multi?multi.verification.map(v=>v.set):[];
              const hr=document.querySelector('#front thead tr');
              for (const n of sets){const th=document.createElement('th');th.textContent=auc?n+' AUC':n;hr.insertBefore(th,hr.lastElementChild);}
              if (auc){const th=document.createElement('th');th.textContent='ROC AUC \u00b1 fold std';hr.insertBefore(th,hr.children[1]);}
              for (const r of DATA.front){const tr=document.createElement('tr');
                const perSet=sets.map(n=>{const v=(r.verification||[]).find(x=>x.set===n);return v?(auc?pm(v.rocAuc,v.rocAucStd):pm(v.accuracy,v.accuracyStd)):'-';});
                [r.rank].concat(auc?[pm(r.rocAuc,r.rocAucStd)]:[]).concat([r.accuracy.toFixed(4),(r.accuracyStd||0).toFixed(4),r.mflops.toFixed(1),r.params.toLocaleString('en'),r.megabytes.toFixed(2),r.latencyMs==null?'-':r.latencyMs.toFixed(2)]).concat(perSet)
                  .forEach(v=>{const td=document.createElement('td');td.textContent=v;tr.appendChild(td);});
                const td=document.createElement('td');td.className='bs';td.textContent=r.blockString;tr.appendChild(td);tb.appendChild(tr);}
              // facenas confirm: mean +- seed std of the quality score, and each candidate minus each reference paired by seed
              const f4=v=>v==null?'n/a':v.toFixed(4);
              if (DATA.confirmed.length){const box=document.getElementById('confirmed');box.innerHTML='';
                for (const c of DATA.confirmed){
                  const p=document.createElement('p');p.textContent='proxy '+c.proxy+', seeds '+c.seeds.join(',')+'; '+DATA.scoreLabel+' mean \u00b1 seed std; differences paired by seed with a '+Math.round(c.level*100)+'% bootstrap interval';box.appendChild(p);
                  const t=document.createElement('table');t.className='confirmed';
                  t.innerHTML='<thead><tr><th>architecture</th><th>MFLOPs</th><th>params</th><th>seeds</th><th>'+DATA.score+' mean</th><th>seed std</th><th>block string</th></tr></thead><tbody></tbody>';
                  for (const r of c.rows){const tr=document.createElement('tr');
                    [r.label+(r.reference?' (reference)':''),r.mflops.toFixed(1),r.params.toLocaleString('en'),r.n+(r.failed?' ('+r.failed+' failed)':''),f4(r.mean),f4(r.std)]
                      .forEach(v=>{const td=document.createElement('td');td.textContent=v;tr.appendChild(td);});
                    const td=document.createElement('td');td.className='bs';td.textContent=r.bs;tr.appendChild(td);t.tBodies[0].appendChild(tr);}
                  box.appendChild(t);
                  if (c.differences.length){const d=document.createElement('table');d.className='differences';
                    d.innerHTML='<thead><tr><th>architecture</th><th>minus reference</th><th>paired seeds</th><th>difference</th><th>'+Math.round(c.level*100)+'% interval</th><th>excludes 0</th></tr></thead><tbody></tbody>';
                    for (const x of c.differences){const tr=document.createElement('tr');
                      [x.label,x.reference,x.pairs,(x.value==null?'n/a':(x.value>=0?'+':'')+x.value.toFixed(4)),x.lo==null?'n/a':'['+x.lo.toFixed(4)+', '+x.hi.toFixed(4)+']',x.excludesZero?'yes':'no']
                        .forEach(v=>{const td=document.createElement('td');td.textContent=v;tr.appendChild(td);});
                      d.tBodies[0].appendChild(tr);}
                    box.appendChild(d);}
                }}
              // facenas retrain: a chart per verification set, each model x seed a point with its fold std
              if (DATA.retrained.length){const box=document.getElementById('retrained');box.innerHTML='';
                for (const set of [...new Set(DATA.retrained.map(p=>p.set))]){
                  const h=document.createElement('h3');h.textContent=set;box.appendChild(h);
                  const el=document.createElement('div');el.className='chart retrained';el.style.height='380px';box.appendChild(el);
                  const mine=DATA.retrained.filter(p=>p.set===set);
                  const pts=ref=>mine.filter(p=>p.reference===ref).map(p=>({value:[p.mflops,p.acc],name:p.label+' seed '+p.seed,std:p.std}));
                  chart(el,{tooltip:{trigger:'item',formatter:p=>p.data.name?p.data.name+'<br>accuracy '+p.data.value[1].toFixed(4)+' \u00b1 '+p.data.std.toFixed(4)+', '+p.data.value[0].toFixed(1)+' MFLOPs':''},
                    legend:{}, xAxis:{name:'MFLOPs',type:'value',scale:true}, yAxis:{name:'accuracy',type:'value',scale:true},
                    series:[{name:'front members',type:'scatter',symbolSize:10,itemStyle:{color:'#4a6fa5'},data:pts(false)},
                            {name:'references',type:'scatter',symbol:'diamond',symbolSize:14,itemStyle:{color:'#2ca02c'},data:pts(true)},
                            {name:'fold std',type:'custom',encode:{x:0,y:[1,2]},tooltip:{show:false},
                             renderItem:(params,api)=>{const lo=api.coord([api.value(0),api.value(1)]);const hi=api.coord([api.value(0),api.value(2)]);
                               return {type:'line',shape:{x1:lo[0],y1:lo[1],x2:hi[0],y2:hi[1]},style:{stroke:'#555',lineWidth:1,opacity:0.7}};},
                             data:mine.map(p=>[p.mflops,p.acc-p.std,p.acc+p.std])}]});
                }}
            } catch (e) { window.__errors.push(String(e && e.message || e)); }
            status();
            </script>
            </body></html>
            """;
}
