{{- define "cni.labels" -}}
app.kubernetes.io/name: aws-node
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
{{- define "cni.serviceAccountName" -}}
{{- default "aws-node" .Values.serviceAccount.name }}
{{- end -}}
