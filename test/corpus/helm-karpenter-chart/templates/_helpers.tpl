{{/*
Common labels
*/}}
{{- define "platform-nodes.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "platform-nodes.requirements" -}}
- key: karpenter.sh/capacity-type
  operator: In
  values: {{ toJson .capacityTypes }}
{{- end }}
