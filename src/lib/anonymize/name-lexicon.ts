/**
 * Given names and family names from many cultures that the NLP engine's English-centred lexicon
 * lacks or mistags. Written by us from common-knowledge name lists; words that are also ordinary
 * English words ("Hope", "Will", "Long", "Park") are left out on purpose: those are found by
 * context, not by the list.
 */
const GIVEN = `
aarav aditya ajay akash amit amitabh anand anil anjali ankit arjun aryan deepak divya gaurav karan kavita lakshmi manish meera neha nikhil pooja pradeep priya rahul raj rajesh ravi rohan sachin sanjay sunita suresh swati vijay vikram vivek yash ishaan kabir aisha
tanvir rahim karim nusrat farhana imran sadia arif shakil
wei jing xiu ying yan hui ming xiaoming xiaoling jiahao zihan yuxuan haoran yiming zhiwei meiling
hiroshi takeshi kenji haruto yuto sota ren riku akira yuki hana yui aoi sakura haruka kaito daiki shota naoko keiko yoko emi
minjun seojun jiwoo jiho seoyeon jiyeon minji eunji hyun sungmin jihoon
nguyen minh thanh huong linh trang tuan duc hoang anh thao
ahmed mohammed muhammad mohamed mahmoud mustafa omar ali hassan hussein youssef yusuf ibrahim khalid tariq hamza bilal fatima fatma aisha zainab maryam khadija leila layla noor yasmin amira samira rania hana salma nadia
mehmet mustafa emre burak cem elif zeynep ayse ayşe selin deniz
kwame kofi kojo kwabena ama akosua abena efua adwoa chidi chinedu chioma ngozi emeka obinna uche ifeoma adebayo oluwaseun olusegun olumide tunde funmilayo yetunde babajide femi tobi sade thabo sipho themba lerato naledi zanele mandla wanjiru wambui otieno kamau njeri achieng amani baraka zawadi juma
dmitri dmitry sergei sergey vladimir alexei aleksei mikhail nikolai ivan igor oleg yuri pavel andrei boris natasha natalia olga svetlana tatiana irina ekaterina yekaterina anastasia ludmila galina
wojciech krzysztof piotr tomasz pawel paweł marek agnieszka katarzyna małgorzata malgorzata magdalena zofia bogdan jiri jiří petr pavla zuzana
björn bjorn lars sven nils magnus gunnar anders henrik johan astrid ingrid sigrid freya linnea elin maja solveig
jean pierre jacques francois françois thierry olivier sebastien sébastien benoit benoît amelie amélie camille chloe chloé mathilde sylvie celine céline manon margaux
hans jürgen jurgen klaus dieter wolfgang uwe matthias stefan florian lukas jonas leon finn felix maximilian sabine ursula brigitte heike katrin anke jana lena mia emma
giuseppe giovanni francesco alessandro matteo lorenzo luca marco andrea giulia chiara francesca alessia federica martina
jose josé juan carlos miguel javier alejandro diego pablo sergio raul raúl fernando jorge mateo santiago lucia lucía sofia sofía valentina camila isabella ximena guadalupe maria maría carmen dolores pilar rocio rocío
joao joão thiago tiago gabriel rafael pedro lucas bruno felipe gustavo leonardo ana beatriz larissa fernanda juliana leticia letícia mariana
siobhan siobhán niamh aoife saoirse ciara cillian oisin oisín padraig pádraig seamus séamus declan eoin
dylan rhys gethin cerys bethan sian
keanu kalani leilani makoa moana tane aroha wiremu ngaire
avraham yosef moshe yitzhak shira tamar noa yael eitan
siddharth abhishek ananya aditi akshay alok anushka arnav bhavna chetan deepika dhruv gautam harpreet gurpreet jaspreet manpreet harjit ishita jayant kiran kunal lavanya madhuri mohit nandini naveen nikita pallavi parth prakash prateek rakesh ritu rohit sandeep shreya shweta sneha sunil tanvi tarun varun vinay vineet yogesh
ryota ryo ayaka tsubasa misaki haruki hinata kenta takumi yusuke daisuke kazuki shun sho yuka yumi mai rina saki miho nanami natsuki ayumi kaori megumi tomoko
golnaz kourosh dariush darius parisa shirin roya niloufar neda maryam mahsa arash babak behnam farhad kaveh mehdi omid payam ramin reza saeed siamak soheil navid shahram bahar azadeh laleh mitra nasrin
tareq tarek walid fadi hiba noura rasha rana dina lina huda samir sami nabil ziad ziyad faisal majid rashid anas amr ayman basel karam jad rami marwan nour mona dalia
yonatan avital noam ilan hadas yael tamar shira eitan itai oren gal tal yoav amit ofer erez dror liat michal efrat orly dana keren
odhiambo nyokabi wairimu muthoni selam tesfaye girma haile mugisha neema refilwe bonolo thulani sibusiso lindiwe nomsa zodwa palesa lesedi kagiso tshepo karabo nkosana ayanda busisiwe nandi mpho
kalliope stavros dimitris nikos yannis giorgos kostas eleni katerina despina vasiliki panagiotis christos spyros thanos
dongwook sunhee hyejin minseo jiyoung soyeon hyunwoo junho jaehyun taehyun seungmin yejin sujin jisoo jieun
haoyu zhenhua yaqi shuting jiaxin xinyi yuchen zixuan ruoxi jiahui mingyu tianyu zhiyuan
jarkko tuva sunniva eirik halldor halldór ragnhild siri tove kari liv mikko juha jukka pekka timo antti heikki kaisa riikka
marisela xiomara itzel yesenia maricel marites rowena jocelyn rodel jomar
`;

const FAMILY = `
sharma patel gupta singh kumar reddy iyer nair menon mehta shah joshi chatterjee banerjee mukherjee bose rao pillai desai kapoor malhotra chowdhury rahman hossain akter
zhang wang liu chen yang huang zhao zhou xu zhu hu guo lin luo zheng liang xie deng feng cao peng zeng xiao tian jiang cai
tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki
kim choi kang cho yoon jang lim han kwon hwang ahn
tran pham huynh phan vu vo bui duong
al-sayed alsayed haddad khalil nasser abdullah hussain qureshi siddiqui chaudhry malik yilmaz kaya demir şahin sahin çelik celik öztürk ozturk aydin aydın
okafor okonkwo adeyemi adeleke obasanjo babatunde mensah asante owusu boateng osei nkosi dlamini mokoena ndlovu kariuki mwangi ochieng otieno onyango kimani
ivanov ivanova petrov petrova smirnov smirnova kuznetsov popov sokolov volkov novak kowalski kowalska nowak wiśniewski wisniewski lewandowski dvořák dvorak horvat
andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson jensen nielsen hansen pedersen johansen kristiansen virtanen korhonen
dubois durand lefebvre leroy moreau laurent girard dupont lambert fontaine rousseau
müller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer schaefer koch richter klein schröder schroeder neumann zimmermann
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti
garcía garcia rodríguez rodriguez martínez martinez hernández hernandez lópez lopez gonzález gonzalez pérez perez sánchez sanchez ramírez ramirez torres flores rivera gómez gomez díaz diaz morales ortiz gutiérrez gutierrez
silva santos oliveira souza pereira costa ferreira almeida carvalho ribeiro rodrigues gomes martins araújo araujo barbosa
o'brien obrien o'connor oconnor murphy kelly byrne ryan walsh doyle mccarthy gallagher
cohen levi mizrahi friedman goldberg rosenberg
bhattacharya venkatesh raghavan tiwari sandhu kaur gill dhillon grewal pandey mishra dubey chauhan yadav saxena agarwal bajaj bhatia sethi srinivasan krishnamurthy
hashimoto okada fukuda ogawa nishimura matsuda fujita sato maeda ishikawa ogawa goto hasegawa murakami kondo ishii sakamoto endo aoki fujii nishida okamoto
farahani rahimi sadeghi moradi ghorbani hosseini mohammadi ahmadi rezaei karimi jafari tehrani
saleh mansour darwish jaber qasim hashimi al-hashimi khoury haddad nassar awad hamdan
katz peretz azoulay shapiro ben-david biton dahan avraham
ogunleye nnadi okoro eze adeyemi diallo traore traoré sow ndiaye diop darko appiah gathoni owino muthoni haile mushi nsengiyumva mahlangu sithole ntuli maseko khumalo
nikolaidis vlachou angelopoulos papadopoulos georgiou karagianni
haugen bakke lindqvist mäkinen makinen stefánsson stefansson
quiroga paredes villalobos ochoa figueiredo magalhães magalhaes sampaio teixeira
santoso lestari dizon
`;

export type NameTag = 'FirstName' | 'LastName';

export function nameLexicon(): Record<string, NameTag> {
	const lexicon: Record<string, NameTag> = {};
	for (const word of FAMILY.split(/\s+/)) if (word) lexicon[word] = 'LastName';
	for (const word of GIVEN.split(/\s+/)) if (word) lexicon[word] = 'FirstName';
	return lexicon;
}
