# Applied with sed -i -f to a new domain's config/domain.xml, before its first start: every
# listener of the domain (HTTP, HTTPS, admin, IIOP, JMX) on 127.0.0.1 only, for tests and demos on
# one machine. asadmin set could do the same, but only once the domain runs, listening everywhere.
s/address="0\.0\.0\.0"/address="127.0.0.1"/g
s/<network-listener port=/<network-listener address="127.0.0.1" port=/g
# The JMS broker listens on every address whatever its host says, and the data grid looks for
# members on the network; the balancer uses neither. (A new domain's server-config has no
# jms-service element: the broker runs by default.)
s/<jms-service \(.*\)type="EMBEDDED"/<jms-service \1type="DISABLED"/
s|<config name="server-config">|&<jms-service type="DISABLED"></jms-service>|
s/<hazelcast-config-specific-configuration>/<hazelcast-config-specific-configuration enabled="false">/
